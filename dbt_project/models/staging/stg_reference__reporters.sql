with

source as (

    select * from {{ ref('reporters') }}

),

renamed as (

    select
        code as reporter,
        name_vi as reporter_name_vi,
        name_en as reporter_name_en
    from source

)

select * from renamed
