with

measures as (

    select * from {{ ref('stg_reference__derived_measures') }}

),

final as (

    select
        measure_code,
        kind,
        numerator_code,
        denominator_code,
        unit,
        name_vi,
        name_en
    from measures

)

select * from final
