-- Star counts never exceed the province's OCOP total, and cooperatives' products are part of that total.
-- Only rows whose figures all cover the whole unit: partial roll-ups add up different provinces.
with

ocop as (

    select * from {{ ref('fct_ocop') }}

)

select
    boundary,
    province_key,
    period_code,
    reporter,
    ocop_3_star,
    ocop_4_star,
    ocop_5_star,
    ocop_products_coop,
    ocop_products_total
from ocop
where
    is_complete
    and (
        coalesce(ocop_3_star, 0) + coalesce(ocop_4_star, 0) + coalesce(ocop_5_star, 0) > ocop_products_total
        or ocop_products_coop > ocop_products_total
    )
