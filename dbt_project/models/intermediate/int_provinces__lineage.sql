-- Which 2025 unit each old province merged into, and how many old provinces each unit is made of
-- (the denominator of `coverage`). Keys, never bare codes: `old:15` Yên Bái → `new:15` Lào Cai.
with

units as (

    select * from {{ ref('int_provinces__units') }}

),

old_provinces as (

    select
        province_key as old_province_key,
        successor_key as new_province_key
    from units
    where province_set = 'old63'

),

final as (

    select
        old_province_key,
        new_province_key,
        count(*) over (partition by new_province_key) as n_old_provinces
    from old_provinces

)

select * from final
