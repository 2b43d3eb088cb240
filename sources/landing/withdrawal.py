"""Withdrawing a submission: an operator takes an accepted submission out of the warehouse.

Nothing is deleted: the file stays in the raw store and its decision in the registry; the withdrawal is a
new record saying who, when and why. The next build publishes without it (the previous version, if any,
becomes current again).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sources.core.home import HtxHome, writer_lock
from sources.core.problems import shown
from sources.landing import registry
from sources.landing.ingest import export_registry

MAX_REASON_CHARS = 500


class WithdrawalRefused(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def withdraw(home: HtxHome, submission_id: str, reason: str, by: str, now: datetime | None = None) -> dict:
    """Record the withdrawal of ``submission_id`` and refresh the registry export; return the submission."""
    reason = " ".join(reason.split())
    if not reason:
        raise WithdrawalRefused("Hãy ghi lý do rút (--reason).", "Give the reason for the withdrawal (--reason).")
    if len(reason) > MAX_REASON_CHARS:
        raise WithdrawalRefused(
            f"Lý do quá dài (tối đa {MAX_REASON_CHARS} ký tự).",
            f"The reason is too long (at most {MAX_REASON_CHARS} characters).",
        )
    when = (now or datetime.now(UTC)).isoformat()
    with writer_lock(home):
        with registry.open_registry(home.registry_db) as con:
            found = registry.find_submission(con, submission_id)
            echo = shown(submission_id, 40)
            if found is None:
                raise WithdrawalRefused(
                    f"Không có hồ sơ '{echo}'; xem mã hồ sơ bằng `htx quality --all --issues` hoặc "
                    '`htx sql "select submission_id, file_name, status from marts.fct_submissions"`.',
                    f"No submission '{echo}'; list ids with `htx sql \"select submission_id, file_name, "
                    'status from marts.fct_submissions"`.',
                )
            if found["withdrawn_at"]:
                raise WithdrawalRefused(
                    f"Hồ sơ {echo} đã được rút lúc {found['withdrawn_at'][:19]} bởi {found['withdrawn_by']}.",
                    f"Submission {echo} was already withdrawn at {found['withdrawn_at'][:19]} by "
                    f"{found['withdrawn_by']}.",
                )
            if found["status"] != "accepted":
                raise WithdrawalRefused(
                    f"Hồ sơ {echo} đã bị cách ly, chưa từng vào kho; không cần rút.",
                    f"Submission {echo} was quarantined and never entered the warehouse; nothing to withdraw.",
                )
            registry.record_withdrawal(con, submission_id, when, by.strip() or "unknown", reason)
        export_registry(home)
    return {**found, "withdrawn_at": when, "withdrawn_by": by, "withdrawal_reason": reason}
