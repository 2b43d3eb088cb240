"""Runs on the calendar: every morning the warehouse is rebuilt from what landed, so reporting completeness is
judged against today's date (a province that missed a deadline shows as `missing` without any new file)."""

import dagster as dg

daily_completeness = dg.ScheduleDefinition(
    name="daily_completeness",
    job_name="htx_build",
    cron_schedule="0 23 * * *",  # 06:00 in Vietnam (UTC+7, no daylight saving): before the working day
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild and publish at 06:00 Vietnam time, so deadlines that passed overnight show as missing.",
)
