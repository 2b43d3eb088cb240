with

source as (

    select * from {{ source('landing', 'ocop_products') }}

),

renamed as (

    select
        submission_id,
        province_key,
        period_code,
        reporter,
        product_name,
        owner_name,
        owner_type,
        coop_id,
        product_group,
        cast(stars as integer) as stars,
        certified_on,
        sheet_row,
        coalesce(is_flagged, false) as is_flagged,
        flag_reasons
    from source

)

select * from renamed
