-- One row per OCOP product listed in the current version of each accepted submission.
with

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

ocop_products as (

    select * from {{ ref('stg_landing__ocop_products') }}

),

final as (

    select
        current_submissions.province_key,
        current_submissions.period_code,
        current_submissions.reporter,
        ocop_products.submission_id,
        ocop_products.product_name,
        ocop_products.owner_name,
        ocop_products.owner_type,
        ocop_products.coop_id,
        ocop_products.product_group,
        ocop_products.stars,
        ocop_products.certified_on,
        ocop_products.sheet_row,
        ocop_products.is_flagged,
        ocop_products.flag_reasons
    from ocop_products
    inner join current_submissions
        on ocop_products.submission_id = current_submissions.submission_id

)

select * from final
