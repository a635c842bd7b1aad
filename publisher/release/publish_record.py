"""The record of a release ``publisher publish`` runs itself, moved on as its staging folder moves.

The steps write each channel's state into the staging folder (``steps``); the publishing process
copies what changed into the release's record in the service's words (queued, rendering, checking,
passed, held, failed), so ``releases list|show`` follow it while it runs. On workers it looks as
``follow.wait`` shows progress (about every tenth of a second); in this process it is told before
each channel's render and check.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from publisher.release.staging import ChannelState, StagedRelease
from publisher.settings import Settings
from publisher.store import StoreError, Transaction, transaction
from publisher.store.releases import claim_channel, save_channel

__all__ = ["RecordFollower"]

log = logging.getLogger(__name__)

# A channel's state in the staging folder, in the record's words (a pending one: queued or rendering).
_RECORD_STEP = {"rendered": "checking", "passed": "passed", "held": "held", "failed": "failed"}


class RecordFollower:
    """Copies the channels' steps of one staged release into its record, each change once."""

    def __init__(self, settings: Settings, staged: StagedRelease) -> None:
        self.settings = settings
        self.release_id = staged.release_id
        self._recorded: dict[str, str] = {name: "queued" for name in staged.channels}
        self._broken = False

    def __call__(self, staged: StagedRelease) -> None:
        """Record what moved (a ``follow.Progress``)."""
        self._copy(staged, starting=None)

    def before_step(self, staged: StagedRelease, channel: str) -> None:
        """``channel`` is about to be rendered or checked here: record that, and what moved before."""
        self._copy(staged, starting=channel)

    def _copy(self, staged: StagedRelease, starting: str | None) -> None:
        if self._broken:
            return
        moved = {
            name: (step, state)
            for name, (step, state) in self._steps(staged, starting).items()
            if self._recorded.get(name) != step
        }
        if not moved:
            return
        now = datetime.now(UTC)
        try:
            with transaction(self.settings.database_url) as records:
                for name, (step, state) in moved.items():
                    self._save(records, name, step, state, now)
        except (StoreError, OSError) as error:  # the release runs on; its record stays behind
            log.warning(
                "release %s: its record stops following: %s", self.release_id, str(error).splitlines()[0]
            )
            self._broken = True
            return
        self._recorded.update({name: step for name, (step, _) in moved.items()})

    def _save(self, records: Transaction, name: str, step: str, state: ChannelState, now: datetime) -> None:
        if step == "rendering":  # counts an attempt and its start, as the service's render step does
            claim_channel(records, self.release_id, name, ("queued", "failed"), step, now)
            return
        findings = json.dumps([finding.model_dump(mode="json") for finding in state.findings])
        save_channel(
            records, self.release_id, name, now, state=step, error=state.error,
            findings_json=findings, artifacts_json=json.dumps(state.files),
        )  # fmt: skip

    @staticmethod
    def _steps(staged: StagedRelease, starting: str | None) -> dict[str, tuple[str, ChannelState]]:
        steps = {}
        for name in staged.channels:
            try:
                state = staged.state(name)
            except (OSError, ValueError):  # the folder is tidied away once the release went out
                continue
            if state.status == "pending":
                # A render makes the channel's output folder first thing (under the channel's lock).
                started = name == starting or (staged.channel_dir(name) / "out").is_dir()
                steps[name] = ("rendering" if started else "queued", state)
            elif state.status in _RECORD_STEP:
                steps[name] = (_RECORD_STEP[state.status], state)
        return steps
