-- Every unit on both maps, with the days it existed: the 63 provinces until 2025-06-30 and the 34 units
-- from 2025-07-01. `old:15` (Yên Bái) and `new:15` (Lào Cai) share a code but are different places.
with

provinces as (

    select * from {{ ref('stg_reference__provinces') }}

),

old_provinces as (

    select
        {{ dbt.concat(["'old:'", "old_code"]) }} as province_key,
        old_code as code,
        old_name as name_vi,
        'old63' as province_set,
        -- The 63-province map took effect when Hà Tây joined Hà Nội on 2008-08-01.
        cast('2008-08-01' as date) as valid_from,
        cast('2025-06-30' as date) as valid_to,
        {{ dbt.concat(["'new:'", "new_code"]) }} as successor_key,
        old_region_label as region_label
    from provinces

),

new_units as (

    select distinct
        {{ dbt.concat(["'new:'", "new_code"]) }} as province_key,
        new_code as code,
        new_name as name_vi,
        'new34' as province_set,
        cast('2025-07-01' as date) as valid_from,
        cast(null as date) as valid_to,
        cast(null as varchar) as successor_key,
        new_region_label as region_label
    from provinces

),

final as (

    select * from old_provinces
    union all
    select * from new_units

)

select * from final
