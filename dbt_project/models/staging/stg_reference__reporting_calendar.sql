with

source as (

    select * from {{ ref('reporting_calendar') }}

),

renamed as (

    select
        reporter,
        period_type,
        due_days_after_end
    from source

)

select * from renamed
