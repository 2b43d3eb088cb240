"""The report kept next to a quarantined file: what was wrong and where, Vietnamese first."""

from __future__ import annotations

from pathlib import Path

from sources.core.problems import Problem


def render(row: dict, problems: list[Problem]) -> str:
    lines = [
        f"Tệp / File: {row['file_name']}",
        f"Mã hồ sơ / Submission: {row['submission_id']}   sha256: {row['sha256']}",
        f"Nhận lúc / Received: {row['received_at']}",
        "Kết quả: BỊ TỪ CHỐI (cách ly) — không số liệu nào của tệp này được đưa vào kho dữ liệu.",
        "Result: QUARANTINED — nothing from this file entered the warehouse. The file itself is kept.",
        "",
    ]
    for n, p in enumerate(problems, start=1):
        label = {"error": "LỖI / ERROR", "warning": "CẢNH BÁO / WARNING"}[p.severity]
        lines += [f"{n}. [{label}] {p.code} — {p.where()}", f"   VI: {p.message_vi}", f"   EN: {p.message_en}"]
    lines += ["", "Hãy sửa các lỗi trên rồi gửi lại tệp. / Fix the errors above and send the file again."]
    return "\n".join(lines) + "\n"


def write_report(target: Path, row: dict, problems: list[Problem]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(row, problems), encoding="utf-8")
