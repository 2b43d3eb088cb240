with

source as (

    select * from {{ ref('provinces_2025') }}

),

renamed as (

    select
        old_code,
        -- The reference file notes a rename in brackets: keep the name the province had until 2025-06-30.
        trim({{ dbt.split_part('old_name', "' ('", 1) }}) as old_name,
        old_type,
        old_region_6 as old_region_label,
        new_code,
        new_name,
        new_region_6_inferred as new_region_label
    from source

)

select * from renamed
