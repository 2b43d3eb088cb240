with

indicators as (

    select * from {{ ref('stg_reference__indicators') }}

),

final as (

    select
        indicator_code,
        name_vi,
        name_en,
        unit,
        kind,
        aggregation,
        weight_indicator,
        fact,
        is_required,
        plausible_min,
        plausible_max
    from indicators

)

select * from final
