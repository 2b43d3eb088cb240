{#
    The least final observation status among the rows of a group (SUBMISSION_SPEC 6): a total that adds an
    estimate to official figures is itself an estimate. Plain SQL, so it moves to any engine as it is.
#}
{% macro least_final_status(status) -%}
    case min(
        case {{ status }} when 'estimated' then 0 when 'preliminary' then 1 when 'official' then 2 end
    )
        when 0 then 'estimated'
        when 1 then 'preliminary'
        when 2 then 'official'
    end
{%- endmacro %}
