-- The 63 provinces (until 2025-06-30) and the 34 units (from 2025-07-01), with their regions.
with

units as (

    select * from {{ ref('int_provinces__units') }}

),

regions as (

    select * from {{ ref('stg_reference__regions') }}

),

final as (

    select
        units.province_key,
        units.code,
        units.name_vi,
        {{ fold_ascii('units.name_vi') }} as name_ascii,
        units.province_set,
        units.valid_from,
        units.valid_to,
        units.successor_key,
        regions.region_code,
        regions.region_name_vi
    from units
    left join regions
        on
            units.region_label = regions.region_label
            and units.province_set = regions.region_set

)

select * from final
