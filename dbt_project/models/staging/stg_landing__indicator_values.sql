with

source as (

    select * from {{ source('landing', 'indicator_values') }}

),

renamed as (

    select
        submission_id,
        province_key,
        period_code,
        reporter,
        indicator_code,
        cast(value as double) as value,
        cast(target as double) as target,
        provenance,
        provenance_note,
        is_flagged,
        flag_reasons,
        sheet_row,
        value_cell
    from source

)

select * from renamed
