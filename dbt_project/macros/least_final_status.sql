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


{# The least final of two statuses (a growth rate or ratio is as final as its less final side). #}
{% macro least_final_of(first, second) -%}
    case
        when {{ first }} = 'estimated' or {{ second }} = 'estimated' then 'estimated'
        when {{ first }} = 'preliminary' or {{ second }} = 'preliminary' then 'preliminary'
        else 'official'
    end
{%- endmacro %}
