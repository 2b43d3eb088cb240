-- One row per boundary × province × period × reporter, one column per `cooperatives` indicator.
with

indicator_values as (

    select * from {{ ref('int_indicator_values__boundaries') }}
    where fact = 'cooperatives'

),

final as (

    select
        boundary,
        province_key,
        period_code,
        period_type,
        reporter,
        min(
            case when value is null then null when is_complete then 1 else 0 end
        ) = 1 as is_complete,
        {{ least_final_status('obs_status') }} as obs_status{{ indicator_columns('cooperatives') }}
    from indicator_values
    group by boundary, province_key, period_code, period_type, reporter

)

select * from final
