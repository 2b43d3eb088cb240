with

source as (

    select * from {{ ref('province_sets') }}

),

renamed as (

    select
        province_set,
        valid_from,
        valid_to
    from source

)

select * from renamed
