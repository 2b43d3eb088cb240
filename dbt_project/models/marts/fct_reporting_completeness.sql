-- Who reported what, and when: every report owed under the reporting calendar plus every series received
-- without being owed. On time means the first accepted version was sent (ngày gửi) by the due date.
with

expected as (

    select * from {{ ref('int_reporting__expected') }}

),

submissions as (

    select * from {{ ref('stg_landing__submissions') }}

),

periods as (

    select * from {{ ref('stg_reference__periods') }}

),

received as (

    select
        province_key,
        period_code,
        reporter,
        count(*) as n_files,
        count(case when status = 'accepted' then 1 end) as n_accepted,
        min(
            case when status = 'accepted' then cast(coalesce(submitted_at, received_at) as date) end
        ) as first_accepted_on
    from submissions
    where
        status != 'duplicate'
        and province_key is not null
        and period_code is not null
        and reporter is not null
    group by province_key, period_code, reporter

),

report_keys as (

    select
        province_key,
        period_code,
        reporter
    from expected
    union
    select
        province_key,
        period_code,
        reporter
    from received

),

final as (

    select
        report_keys.province_key,
        report_keys.period_code,
        periods.period_type,
        report_keys.reporter,
        expected.province_key is not null as expected,
        coalesce(received.n_accepted, 0) > 0 as received,
        case
            when received.n_accepted > 0 and expected.due_date is not null
                then received.first_accepted_on <= expected.due_date
        end as on_time,
        case
            when received.n_accepted > 0 and expected.due_date is null then 'received'
            when received.n_accepted > 0 and received.first_accepted_on <= expected.due_date then 'on_time'
            when received.n_accepted > 0 then 'late'
            when received.n_files > 0 then 'quarantined'
            when expected.due_date >= {{ as_of_date() }} then 'not_due'
            else 'missing'
        end as status,
        expected.due_date,
        received.first_accepted_on,
        coalesce(received.n_files, 0) as n_files
    from report_keys
    inner join periods
        on report_keys.period_code = periods.period_code
    left join expected
        on
            report_keys.province_key = expected.province_key
            and report_keys.period_code = expected.period_code
            and report_keys.reporter = expected.reporter
    left join received
        on
            report_keys.province_key = received.province_key
            and report_keys.period_code = received.period_code
            and report_keys.reporter = received.reporter

)

select * from final
