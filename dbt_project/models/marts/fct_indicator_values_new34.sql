with

values_new34 as (

    select * from {{ ref('int_indicator_values__new34') }}

),

final as (

    select
        province_key,
        period_code,
        period_type,
        reporter,
        indicator_code,
        value,
        target,
        coverage,
        is_complete,
        is_target_complete,
        n_provinces_reported,
        n_provinces_expected,
        rolled_up_from,
        provenance,
        is_flagged,
        obs_status
    from values_new34

)

select * from final
