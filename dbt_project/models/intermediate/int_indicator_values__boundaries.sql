-- Both views of every value, side by side: `as_reported` (the unit that reported, on the map of the
-- period's end) and `new34` (rolled up onto the 34 units). The wide facts and derived measures read this.
with

values_current as (

    select * from {{ ref('int_indicator_values__current') }}

),

values_new34 as (

    select * from {{ ref('int_indicator_values__new34') }}

),

indicators as (

    select * from {{ ref('stg_reference__indicators') }}

),

as_reported as (

    select
        'as_reported' as boundary,
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        indicator_code,
        value,
        target,
        value is not null as is_complete,
        target is not null as is_target_complete,
        case when value is not null then obs_status end as obs_status
    from values_current

),

new34 as (

    select
        'new34' as boundary,
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        indicator_code,
        value,
        target,
        is_complete,
        is_target_complete,
        obs_status
    from values_new34

),

both_boundaries as (

    select * from as_reported
    union all
    select * from new34

),

final as (

    select
        both_boundaries.*,
        indicators.fact
    from both_boundaries
    inner join indicators
        on both_boundaries.indicator_code = indicators.indicator_code

)

select * from final
