"""The one folder judge-tui keeps everything in (docs/architecture.md §5)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOME_ENV_VAR = "JUDGE_TUI_HOME"


@dataclass(frozen=True)
class HomePaths:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    @property
    def credentials(self) -> Path:
        return self.root / "credentials.toml"

    @property
    def database(self) -> Path:
        return self.root / "judge.db"

    @property
    def themes(self) -> Path:
        return self.root / "themes"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def batches(self) -> Path:
        """Each batch job's input files and downloaded results, in a folder per job."""
        return self.root / "batches"

    def listing(self) -> list[tuple[str, Path]]:
        return [
            ("home", self.root),
            ("config", self.config),
            ("credentials", self.credentials),
            ("database", self.database),
            ("themes", self.themes),
            ("exports", self.exports),
            ("batches", self.batches),
        ]

    def ensure(self) -> HomePaths:
        """Create the home 0700 (tokens live in it) and its folders; idempotent. An existing
        home open to others is closed to them; the owner's own bits are the owner's choice (a
        0500 home stays read-only, and writing to it says so)."""
        if not self.root.is_dir():
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.root, 0o700)  # whatever the umask
        mode = self.root.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(self.root, mode & 0o700)
        self.themes.mkdir(exist_ok=True)
        self.exports.mkdir(exist_ok=True)
        return self


def home_paths(environ: Mapping[str, str] | None = None) -> HomePaths:
    env = os.environ if environ is None else environ
    override = env.get(HOME_ENV_VAR)
    if override:
        return HomePaths(Path(override).expanduser())
    return HomePaths(platformdirs.user_config_path("judge-tui"))
