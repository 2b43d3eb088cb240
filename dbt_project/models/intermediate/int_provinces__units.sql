-- Every unit on both maps, with the days it existed (stg_reference__province_sets): the 63 provinces until
-- the merger and the 34 units from it. `old:15` (Yên Bái) and `new:15` (Lào Cai) share a code but are
-- different places.
with

provinces as (

    select * from {{ ref('stg_reference__provinces') }}

),

province_sets as (

    select * from {{ ref('stg_reference__province_sets') }}

),

old_provinces as (

    select
        {{ dbt.concat(["'old:'", "provinces.old_code"]) }} as province_key,
        provinces.old_code as code,
        provinces.old_name as name_vi,
        province_sets.province_set,
        province_sets.valid_from,
        province_sets.valid_to,
        {{ dbt.concat(["'new:'", "provinces.new_code"]) }} as successor_key,
        provinces.old_region_label as region_label
    from provinces
    inner join province_sets
        on province_sets.province_set = 'old63'

),

new_units as (

    select distinct
        {{ dbt.concat(["'new:'", "provinces.new_code"]) }} as province_key,
        provinces.new_code as code,
        provinces.new_name as name_vi,
        province_sets.province_set,
        province_sets.valid_from,
        province_sets.valid_to,
        cast(null as varchar) as successor_key,
        provinces.new_region_label as region_label
    from provinces
    inner join province_sets
        on province_sets.province_set = 'new34'

),

final as (

    select * from old_provinces
    union all
    select * from new_units

)

select * from final
