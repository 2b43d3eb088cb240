"""The quality questions both `htx quality` and the explorer's quality page ask, asked one way.

Parameters, in order: the period (NULL: every period) and whether to keep only the latest batch (the
files received in the most recent ingest: an `htx run` stamps its whole batch at once). The issue list also
takes a severity and a province (its key, or its name with or without diacritics), each NULL for all.
"""

_SUBMISSIONS = """
    select * from marts.fct_submissions
    where ($1::varchar is null or period_code = $1)
      and (not $2 or received_at = (select max(received_at) from marts.fct_submissions))
"""

# Per province: files accepted / quarantined / superseded / duplicate, how many accepted ones carry a
# warning, and the warnings and errors found. Files whose province could not be read have a NULL name.
BY_PROVINCE = f"""
    with s as ({_SUBMISSIONS}),
    issues as (
        select submission_id, count(*) filter (where severity = 'warning') as warnings,
               count(*) filter (where severity = 'error') as errors
        from marts.fct_quality_issues group by submission_id)
    select p.name_vi, s.province_key,
           count(*) filter (where s.status = 'accepted') as accepted,
           count(*) filter (where s.status = 'quarantined') as quarantined,
           count(*) filter (where s.status = 'superseded') as superseded,
           count(*) filter (where s.status = 'duplicate') as duplicate,
           count(*) filter (where s.status = 'accepted' and coalesce(i.warnings, 0) > 0) as flagged,
           coalesce(sum(i.warnings), 0) as warnings,
           coalesce(sum(i.errors), 0) as errors
    from s
    left join marts.dim_province p on p.province_key = s.province_key
    left join issues i on i.submission_id = s.submission_id
    group by all
    order by quarantined desc, flagged desc, p.name_vi nulls first
"""

# Every issue (errors first) with where it is in the file and what it says in both languages.
ISSUES = f"""
    with s as ({_SUBMISSIONS})
    select q.severity, q.rule_id, q.found_by, p.name_vi, q.province_key, q.period_code, q.file_name,
           q.sheet, q.cell, q.sheet_row, q.message_vi, q.message_en, q.submission_status, q.indicator_code
    from marts.fct_quality_issues q
    join s on s.submission_id = q.submission_id
    left join marts.dim_province p on p.province_key = q.province_key
    where ($3::varchar is null or q.severity = $3)
      and ($4::varchar is null or q.province_key = $4 or p.name_ascii ilike $4 or p.name_vi ilike $4)
    order by q.severity, p.name_vi nulls first, q.file_name, q.sheet_row nulls first, q.rule_id
"""
