-- Which reports are owed: for each reporter and period type of the reporting calendar, every unit that
-- existed on the period's end date, for every ended period from the first one that reporter ever sent.
-- (Before the warehouse's first report of a series there is nothing to hold a province to.)
with

calendar as (

    select * from {{ ref('stg_reference__reporting_calendar') }}

),

periods as (

    select * from {{ ref('stg_reference__periods') }}

),

units as (

    select * from {{ ref('int_provinces__units') }}

),

submissions as (

    select * from {{ ref('stg_landing__submissions') }}

),

series_start as (

    select
        submissions.reporter,
        periods.period_type,
        min(periods.end_date) as first_end_date
    from submissions
    inner join periods
        on submissions.period_code = periods.period_code
    where submissions.status = 'accepted'
    group by submissions.reporter, periods.period_type

),

final as (

    select
        units.province_key,
        periods.period_code,
        periods.period_type,
        calendar.reporter,
        cast({{ dbt.dateadd('day', 'calendar.due_days_after_end', 'periods.end_date') }} as date) as due_date
    from calendar
    inner join series_start
        on
            calendar.reporter = series_start.reporter
            and calendar.period_type = series_start.period_type
    inner join periods
        on
            calendar.period_type = periods.period_type
            and series_start.first_end_date <= periods.end_date
    inner join units
        on
            periods.end_date >= units.valid_from
            and (units.valid_to is null or periods.end_date <= units.valid_to)
    where periods.end_date < {{ as_of_date() }}

)

select * from final
