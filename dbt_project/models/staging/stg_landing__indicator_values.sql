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
        -- Files landed before version 2 of the contract said `published` for a reporter's own figures and
        -- had no status: they were the reporter's own, official figures.
        case
            when provenance = 'published' and provenance_note is null then 'reported'
            else provenance
        end as provenance,
        provenance_note,
        coalesce(obs_status, 'official') as obs_status,
        indicator_as_written,
        is_flagged,
        flag_reasons,
        sheet_row,
        value_cell
    from source

)

select * from renamed
