with

source as (

    select * from {{ ref('regions') }}

),

renamed as (

    select
        region_label,
        region_code,
        region_set,
        name_vi as region_name_vi,
        name_en as region_name_en
    from source

)

select * from renamed
