-- The current version of each (province, period, reporter): among accepted submissions, the latest
-- `ngay_gui` (submitted_at), then the latest arrival. Quarantined versions never count.
with

submissions as (

    select * from {{ ref('stg_landing__submissions') }}

),

ranked as (

    select
        submission_id,
        province_key,
        period_code,
        reporter,
        row_number() over (
            partition by province_key, period_code, reporter
            order by submitted_at desc nulls last, received_at desc, submission_id desc
        ) as version_rank
    from submissions
    where status = 'accepted'

),

final as (

    select
        submission_id,
        province_key,
        period_code,
        reporter
    from ranked
    where version_rank = 1

)

select * from final
