with

submissions as (

    select * from {{ ref('stg_landing__submissions') }}

),

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

final as (

    select
        submissions.submission_id,
        submissions.file_name,
        submissions.sha256,
        submissions.received_at,
        submissions.submitted_at,
        submissions.province_key,
        submissions.period_code,
        submissions.reporter,
        case
            when submissions.status in ('quarantined', 'duplicate', 'withdrawn') then submissions.status
            when current_submissions.submission_id = submissions.submission_id then 'accepted'
            else 'superseded'
        end as status,
        case
            when
                submissions.status = 'accepted'
                and current_submissions.submission_id != submissions.submission_id
                then current_submissions.submission_id
        end as superseded_by,
        submissions.n_errors,
        submissions.n_warnings,
        submissions.withdrawn_at,
        submissions.withdrawn_by,
        submissions.withdrawal_reason,
        submissions.prepared_by,
        submissions.note,
        submissions.obs_status
    from submissions
    left join current_submissions
        on
            submissions.province_key = current_submissions.province_key
            and submissions.period_code = current_submissions.period_code
            and submissions.reporter = current_submissions.reporter

)

select * from final
