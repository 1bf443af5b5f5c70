"""Batch jobs are tracked by the app, whatever screen is shown: from start (jobs an earlier run
left under way carry on), often at first and then about once a minute, one look at a time
(two would collect the same job at once). The Batches screen shows what each look found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from judge_tui.batch.polling import POLL_FIRST_S, POLL_IDLE_S, next_delay
from judge_tui.store.job_statuses import UNFINISHED_JOB_STATUSES
from judge_tui.ui.messages import Said

if TYPE_CHECKING:
    from textual.timer import Timer

    from judge_tui.store.batch_jobs import JobRecord
    from judge_tui.ui.app import JudgeTuiApp


class JobsUpdated(Message):
    def __init__(self, jobs: list[JobRecord], problems: list[str], said: list[str]) -> None:
        super().__init__()
        self.jobs = jobs
        self.problems = problems
        self.said = said  # jobs this look finished


class BatchTracker:
    def __init__(self, app: JudgeTuiApp) -> None:
        self.app = app
        self.jobs: list[JobRecord] = []
        self.delay = POLL_FIRST_S
        self.looking = False
        self.last_problems: set[str] = set()  # each said once, not at every look
        self.idle_delay = POLL_IDLE_S
        self.next_look: Timer | None = None

    def look_now(self) -> None:
        """A look at once (a new job, a refresh), and often again for a while."""
        self.delay = POLL_FIRST_S
        self.look()

    def look(self) -> None:
        if not self.looking:
            self.looking = True
            self.app.run_worker(self._look, thread=True, group="batch-tracker", exit_on_error=False)

    def _look(self) -> None:
        from judge_tui.ui.batch_work import advance_unfinished

        try:
            jobs, problems, said = advance_unfinished(self.app.token_for, self.app.can_reach)
        except Exception as exc:  # the store itself: said once, and tracking goes on later
            problem = f"Batch jobs cannot be read: {exc}"
            self.app.post_message(JobsUpdated(self.jobs, [problem], []))
            return
        self.app.post_message(JobsUpdated(jobs, problems, said))
        self._index_for_search()

    def _index_for_search(self) -> None:
        """Results a look (or an earlier run, or the shell) stored become searchable and
        counted for analysis here, after they are shown (store/search_index.py,
        store/figures.py)."""
        from judge_tui.store.access import STORE_ERRORS, use_store
        from judge_tui.store.figures import catch_up_figures
        from judge_tui.store.search_index import index_backlog

        try:
            use_store(catch_up_figures)
            use_store(index_backlog)
        except STORE_ERRORS as exc:
            self.app.post_message(Said(f"Results cannot be indexed for search: {exc}", error=True))

    def updated(self, message: JobsUpdated) -> None:
        """The app's handler: note what finished, plan the next look, pass it to the screen."""
        self.looking = False
        self.jobs = message.jobs
        for sentence in message.said:
            self.app.post_message(Said(sentence))
        for problem in message.problems:
            if problem not in self.last_problems:
                self.app.post_message(Said(problem, error=True))
        self.last_problems = set(message.problems)
        if self.next_look is not None:
            self.next_look.stop()
        if any(job.status in UNFINISHED_JOB_STATUSES for job in message.jobs):
            self.next_look = self.app.set_timer(self.delay, self.look)
            self.delay = next_delay(self.delay)
        else:
            self.next_look = self.app.set_timer(self.idle_delay, self.look_now)
