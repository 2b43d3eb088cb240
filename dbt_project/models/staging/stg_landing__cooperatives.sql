with

source as (

    select * from {{ source('landing', 'cooperatives') }}

),

renamed as (

    select
        submission_id,
        province_key,
        period_code,
        reporter,
        coop_id,
        name,
        commune,
        sector,
        founded_on,
        status,
        cast(members as bigint) as members,
        cast(workers as bigint) as workers,
        cast(charter_capital as double) as charter_capital,
        cast(revenue as double) as revenue,
        cast(profit as double) as profit,
        cast(income_avg_month as double) as income_avg_month,
        rating,
        sheet_row,
        coalesce(is_flagged, false) as is_flagged,
        flag_reasons
    from source

)

select * from renamed
