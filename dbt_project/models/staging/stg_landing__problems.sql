with

source as (

    select * from {{ source('landing', 'problems') }}

),

renamed as (

    select
        submission_id,
        cast(problem_no as integer) as problem_no,
        code as rule_id,
        severity,
        message_vi,
        message_en,
        sheet,
        cast(sheet_row as integer) as sheet_row,
        sheet_column,
        cell,
        indicator_code
    from source

)

select * from renamed
