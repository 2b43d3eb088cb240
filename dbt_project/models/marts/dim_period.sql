with

periods as (

    select * from {{ ref('stg_reference__periods') }}

),

final as (

    select
        period_code,
        period_type,
        year,
        start_date,
        end_date
    from periods

)

select * from final
