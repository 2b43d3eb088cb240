{#
    One column per indicator of a fact table (`cooperatives`, `revenue`, `income`, `ocop`), named by its
    code, read from the indicator catalogue (sources/reference/indicators.csv) when the model runs. The
    marts' enforced contracts then fail the build if the catalogue and a model's YAML ever disagree.
#}
{% macro indicator_columns(fact, value_column='value') -%}
    {%- set catalogue = ref('stg_reference__indicators') -%}
    {%- if execute -%}
        {%- set codes = run_query(
            "select indicator_code from " ~ catalogue ~ " where fact = '" ~ fact ~ "' order by indicator_code"
        ).columns[0].values() -%}
    {%- else -%}
        {%- set codes = [] -%}
    {%- endif -%}
    {#- Each column comes with its leading comma, so the list may follow any other column. #}
    {%- for code in codes %},
        max(case when indicator_code = '{{ code }}' then {{ value_column }} end) as {{ code }}
    {%- endfor %}
{%- endmacro %}
