with

source as (

    select * from {{ ref('indicators') }}

),

renamed as (

    select
        code as indicator_code,
        fact,
        name_vi,
        name_en,
        unit,
        kind,
        aggregation,
        weight as weight_indicator,
        required = 'yes' as is_required,
        plausible_min,
        plausible_max
    from source

)

select * from renamed
