"""A pipeline's figures as export tables (scenarios.exports.rows.Table), for
the CSV and the workbook writers the scenarios use."""

from core.text import safe_text
from scenarios.exports.rows import USD_CENTS, YEAR, Column, Table


def yearly_table(result):
    """Per year: expected and if-all-won revenue and EBIT, then expected revenue
    by customer, by affiliate and by component; US dollars, full precision."""
    customers, affiliates = sorted(result.by_customer), sorted(result.by_affiliate)
    components = sorted(result.by_component)
    columns = [
        Column("year", "Year", 8, YEAR),
        Column("expected_revenue_usd", "Expected revenue (USD)", 22, USD_CENTS),
        Column("expected_ebit_usd", "Expected EBIT (USD)", 20, USD_CENTS),
        Column("all_won_revenue_usd", "Revenue if every deal is won (USD)", 24, USD_CENTS),
        Column("all_won_ebit_usd", "EBIT if every deal is won (USD)", 22, USD_CENTS),
        # Names typed by people become headers: kept from running as formulas.
        *(
            Column(safe_text(f"customer: {name}"), safe_text(f"Expected from {name}"), 22, USD_CENTS)
            for name in customers
        ),
        *(
            Column(safe_text(f"affiliate: {name}"), safe_text(f"Expected for {name}"), 22, USD_CENTS)
            for name in affiliates
        ),
        *(
            Column(safe_text(f"component: {name}"), safe_text(f"Expected from {name}"), 22, USD_CENTS)
            for name in components
        ),
    ]
    rows = [
        [
            year,
            result.expected_revenue[offset],
            result.expected_ebit[offset],
            result.all_won_revenue[offset],
            result.all_won_ebit[offset],
            *(result.by_customer[name][offset] for name in customers),
            *(result.by_affiliate[name][offset] for name in affiliates),
            *(result.by_component[name][offset] for name in components),
        ]
        for offset, year in enumerate(result.years)
    ]
    return Table("Pipeline by year", tuple(columns), rows)


def deals_table(deals, result):
    columns = (
        Column("deal", "Deal", 30),
        Column("probability_pct", "Win probability (%)", 12, '0.00"%"'),
        Column("cases", "Cases (weight %)", 50),
        Column("expected_revenue_usd", "Expected revenue (USD)", 22, USD_CENTS),
        Column("all_won_revenue_usd", "Revenue if won (USD)", 22, USD_CENTS),
        Column("expected_npv_usd", "Expected NPV (USD)", 22, USD_CENTS),
    )
    rows = [
        [
            deal.name,
            float(deal.probability_pct),
            "; ".join(
                f"{case.label or case.scenario.name} {case.weight_pct.normalize():f}%"
                for case in deal.case_list
            ),
            figures.expected_revenue,
            figures.all_won_revenue,
            figures.expected_npv,
        ]
        for deal, figures in zip(deals, result.deals, strict=True)
    ]
    return Table("Deals", columns, rows)
