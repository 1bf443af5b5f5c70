"""Every binding the app has, where it works, and the key it is on after the user's keymap.

The F1 help and the Settings screen list them from here, so neither can fall out of step with
the bindings themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(title, bindings) of every group the help and Settings list: from ui/registry.py, so no
    screen is imported to know its keys."""
    from judge_tui.ui.registry import help_groups

    return help_groups()


def effective_keys(binding: Binding, keymap: Mapping[str, str]) -> str:
    return keymap.get(binding.id or "", binding.key)


def all_binding_ids() -> set[str]:
    return {b.id for _, bindings in binding_groups() for b in bindings if b.id}


def unknown_binding_ids(keymap: Mapping[str, str]) -> list[str]:
    return sorted(set(keymap) - all_binding_ids())


def binding_rows(keymap: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(binding id, description, keys) for every binding, after the user's keymap."""
    rows: dict[str, tuple[str, str, str]] = {}
    for _, bindings in binding_groups():
        for binding in bindings:
            assert binding.id is not None
            keys = effective_keys(binding, keymap)
            rows.setdefault(binding.id, (binding.id, binding.description or binding.id, keys))
    return list(rows.values())


def key_conflicts(keymap: Mapping[str, str], binding_id: str | None = None) -> list[str]:
    """Keys that two different actions would both answer to where both work (the same screen,
    or a screen and everywhere), after the keymap; one sentence each. With `binding_id`, only
    the conflicts that binding is part of."""
    groups = binding_groups()
    everywhere = groups[0][1]
    found: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for title, bindings in groups:
        scope = bindings if title == groups[0][0] else [*bindings, *everywhere]
        owners: dict[str, Binding] = {}
        for binding in scope:
            for key in (k.strip() for k in effective_keys(binding, keymap).split(",")):
                other = owners.setdefault(key, binding)
                if other is binding or other.action == binding.action:
                    continue
                if binding_id is not None and binding_id not in (other.id, binding.id):
                    continue
                pair = (key, *sorted((str(other.id), str(binding.id))))
                if pair in seen:
                    continue
                seen.add(pair)
                found.append(
                    f"{key} would be both {other.description or other.id} ({other.id}) and "
                    f"{binding.description or binding.id} ({binding.id}) on {title}"
                )
    return found
