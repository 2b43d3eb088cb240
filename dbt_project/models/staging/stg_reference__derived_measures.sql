with

source as (

    select * from {{ ref('derived_measures') }}

),

renamed as (

    select
        measure_code,
        kind,
        numerator as numerator_code,
        denominator as denominator_code,
        unit,
        name_vi,
        name_en
    from source

)

select * from renamed
