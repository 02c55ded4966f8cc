"""A scenario or a comparison as a PowerPoint deck (python-pptx).

Charts are native, editable PowerPoint charts of the engine's own numbers (the
embedded workbook holds them unrounded); tables are the export rows (rows.py)
and the compare page's rows. Every text put into the deck passes through
_text: python-pptx cannot write what XML 1.0 cannot hold (NUL, U+000B,
U+FFFE...), and staff can type those into a company's name in the admin.

Fed by projections, rows and comparison items; reads no request and no database.
"""

import io
import math
from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from core.formatting import format_money
from core.templatetags.numbers import by_kind, difference_by_kind, pct, percent, whole
from core.text import exportable_text
from modelling import compare
from modelling import inputs as model_inputs
from modelling.currency import CURRENCIES
from modelling.labels import MINUS
from modelling.scenario_figures import FCF_COLOUR, PALETTE, cash_flow_bars
from modelling.summary import describe

from .rows import Formatted, inputs_table, value_table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.25)
BODY_HEIGHT = Inches(5.55)
FOOTER_TOP = Inches(6.95)
INK = RGBColor(0x1D, 0x27, 0x33)
MUTED = RGBColor(0x5F, 0x6B, 0x78)
GRID = RGBColor(0xD5, 0xDA, 0xE0)
CARD = RGBColor(0xF3, 0xF5, 0xF7)
UP, DOWN = RGBColor(0x17, 0xA5, 0x89), RGBColor(0xC0, 0x39, 0x2B)  # a bridge step that adds, that takes away
TITLE_ONLY, TITLE_SLIDE = 5, 0

# What a table row of text takes, for splitting long tables over slides. An
# average Calibri character is under half an em wide, but where Calibri is
# missing (LibreOffice without Carlito) DejaVu Sans stands in, at about 0.58 em:
# estimated at that, no table runs off its slide. A line is 1.25 em high, and a
# cell has 0.05" above and below its text.
CHARACTER_EM, LINE_EM, CELL_PADDING = 0.58, 1.25, Inches(0.1)


def _text(value, limit=None):
    """Text a deck can hold; cut to limit characters (with an ellipsis) where a
    longer one would run off its shape."""
    text = exportable_text(str(value))
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    align: PP_ALIGN = PP_ALIGN.LEFT


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # inches
    align: PP_ALIGN = PP_ALIGN.LEFT


# --- slides and shapes -----------------------------------------------------------------


def _deck(title):
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = _text(title, 200)
    deck.core_properties.author = ""
    return deck


def _style(run, size, *, bold=False, colour=INK):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour


def _paragraphs(frame, parts):
    """parts: [(text, size, bold, colour)], one paragraph each."""
    frame.word_wrap = True
    for index, (text, size, bold, colour) in enumerate(parts):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = _text(text)
        _style(run, size, bold=bold, colour=colour)
        paragraph.space_after = Pt(size * 0.4)


def _text_box(slide, left, top, width, height, parts, *, anchor=MSO_ANCHOR.TOP):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = 0
    _paragraphs(frame, parts)
    return frame


def _slide(deck, title, footer):
    """A content slide: its title at the top (the outline's and a screen reader's
    name for it) and a footer line."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = (
        MARGIN,
        Inches(0.3),
        WIDTH - 2 * MARGIN,
        Inches(0.85),
    )
    frame = heading.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = _text(title, 110)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        _style(run, 28 if len(title) <= 60 else 22, bold=True)
    if footer:
        _text_box(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN, Inches(0.35), [(footer, 10, False, MUTED)])
    return slide


def _title_slide(deck, title, lines):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    heading, subtitle = slide.placeholders[0], slide.placeholders[1]
    heading.left, heading.top = Inches(0.8), Inches(1.4)
    heading.width, heading.height = WIDTH - Inches(1.6), Inches(1.8)
    frame = heading.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.text = _text(title, 130)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            _style(run, 40 if len(title) <= 50 else 30, bold=True)
    subtitle.left, subtitle.top = Inches(0.8), Inches(3.45)
    subtitle.width, subtitle.height = WIDTH - Inches(1.6), Inches(3.5)
    frame = subtitle.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _paragraphs(frame, lines)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    return slide


def _row_height(cells, columns, size):
    """Inches of a row of text, from how many lines its longest cell wraps to."""
    lines = 1
    for cell, column in zip(cells, columns, strict=True):
        per_line = max(1, int((column.width - 0.2) * 72 / (size * CHARACTER_EM)))
        wrapped = sum(max(1, math.ceil(len(part) / per_line)) for part in cell.text.split("\n"))
        lines = max(lines, wrapped)
    return Emu(int(Inches(lines * size * LINE_EM / 72) + CELL_PADDING))


def _pages(rows, columns, size, room):
    """Rows split into runs that each fit under a header row within room (EMU)."""
    header = _row_height([Cell(c.header) for c in columns], columns, size)
    pages, page, used = [], [], header
    for row in rows:
        height = _row_height(row, columns, size)
        if page and used + height > room:
            pages.append(page)
            page, used = [], header
        page.append((row, height))
        used += height
    if page or not pages:
        pages.append(page)
    return pages, header


def _fill_cell(cell, text, size, *, bold=False, align=PP_ALIGN.LEFT, colour=INK):
    cell.margin_top = cell.margin_bottom = Inches(0.05)
    cell.margin_left = cell.margin_right = Inches(0.08)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.text = _text(text)
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
        # An empty cell's line would otherwise be 18 pt high, the theme's default.
        paragraph._p.get_or_add_endParaRPr().set("sz", str(int(size * 100)))
        for run in paragraph.runs:
            _style(run, size, bold=bold, colour=colour)


def _table(slide, left, top, columns, rows, size, header_height=None):
    """rows: [(cells, height)]; the header row is the columns' headers."""
    header_height = header_height or _row_height([Cell(c.header) for c in columns], columns, size)
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(columns),
        left,
        top,
        Inches(sum(c.width for c in columns)),
        header_height + sum(height for _, height in rows),
    )
    table = shape.table
    for index, column in enumerate(columns):
        table.columns[index].width = Inches(column.width)
        _fill_cell(
            table.cell(0, index),
            column.header,
            size,
            bold=True,
            align=column.align,
            colour=RGBColor(255, 255, 255),
        )
    table.rows[0].height = header_height
    for row_index, (cells, height) in enumerate(rows, start=1):
        table.rows[row_index].height = height
        for index, cell in enumerate(cells):
            _fill_cell(table.cell(row_index, index), cell.text, size, bold=cell.bold, align=cell.align)
    return table


def _table_slides(deck, title, columns, rows, *, footer, size=11, intro=""):
    """A table over as many slides as it needs, each with the header row."""
    top = BODY_TOP + (Inches(0.6) if intro else 0)
    pages, header = _pages(rows, columns, size, BODY_HEIGHT - (top - BODY_TOP))
    for number, page in enumerate(pages, start=1):
        heading = f"{title} ({number} of {len(pages)})" if len(pages) > 1 else title
        slide = _slide(deck, heading, footer)
        if intro:
            _text_box(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(0.5), [(intro, 12, False, MUTED)])
        _table(slide, MARGIN, top, columns, page, size, header)


# --- charts ----------------------------------------------------------------------------


def money_format(values, currency="USD"):
    """An axis or label format for money of this size: $1.2B, ₩3.4T, $450.0M."""
    symbol = CURRENCIES[currency].symbol
    top = max((abs(v) for v in values if v is not None), default=0)
    for scale, commas, letter in ((1e12, ",,,,", "T"), (1e9, ",,,", "B"), (1e6, ",,", "M")):
        if top >= scale:
            return f'"{symbol}"#,##0.0{commas}"{letter}"'
    return f'"{symbol}"#,##0'


def _chart(slide, kind, categories, series, *, number_format, colours=None, box=None, legend=True, size=12):
    """A native chart: categories (text), series [(name, values)] with values as
    the engine gives them (None for a gap)."""
    data = CategoryChartData(number_format=number_format)
    data.categories = [_text(category, 60) for category in categories]
    for name, values in series:
        data.add_series(_text(name, 60), [None if v is None else float(v) for v in values])
    left, top, width, height = box or (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT - Inches(0.1))
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    chart.font.size = Pt(size)
    chart.font.color.rgb = INK
    chart.has_title = False
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(size)
    axis = chart.value_axis
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = GRID
    axis.format.line.fill.background()
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below negative bars too
    chart.category_axis.format.line.color.rgb = GRID
    for index, plotted in enumerate(chart.plots[0].series):
        colour = RGBColor.from_string((colours or PALETTE)[index % len(colours or PALETTE)].lstrip("#"))
        if kind in (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.LINE):
            plotted.smooth = False
            plotted.format.line.color.rgb = colour
            plotted.format.line.width = Pt(3 if index == 0 else 2)
            plotted.marker.format.fill.solid()
            plotted.marker.format.fill.fore_color.rgb = colour
            plotted.marker.format.line.color.rgb = colour
        else:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = colour
    return chart


def _years(years):
    return [str(year) for year in years]


# --- a scenario ------------------------------------------------------------------------


def _kpis(projection):
    """(label, value, note) for each KPI card, as the scenario page's _results.html shows them."""
    years = projection.years
    value = projection.value
    code = value.currency.code
    total = value.total
    irr = "IRR not defined (cash flow never changes sign)" if total.irr is None else f"IRR {total.irr:.1f}%"
    payback = f"pays back in {total.payback_year}" if total.payback_year else "no payback within the horizon"
    first_billion = projection.first_year_revenue_exceeds()
    return [
        (
            f"Cumulative revenue {years[0]}–{years[-1]}",
            format_money(projection.cumulative_revenue),
            "US dollars",
        ),
        (f"Revenue in {years[-1]}", format_money(projection.final_year_revenue), "US dollars"),
        (
            "Capture rate",
            percent(projection.capture_rate),
            f"of {format_money(projection.total_addressable)} addressable",
        ),
        (
            f"NPV at {pct(projection.scenario.discount_rate_pct)}",
            format_money(value.npv, code),
            f"{irr}; {payback}",
        ),
        (
            "Cumulative EBIT",
            format_money(value.cumulative_ebit, code),
            f"{value.currency.name}; no terminal value",
        ),
        ("First year over $1B", str(first_billion) if first_billion else "never", "revenue in a year"),
    ]


def _kpi_slide(deck, projection, footer):
    slide = _slide(deck, "Key figures", footer)
    gap = Inches(0.3)
    width = int((WIDTH - 2 * MARGIN - 2 * gap) / 3)
    height = Inches(2.45)
    for index, (label, figure, note) in enumerate(_kpis(projection)):
        left = MARGIN + (index % 3) * (width + gap)
        top = BODY_TOP + Inches(0.15) + (index // 3) * (height + gap)
        card = slide.shapes.add_shape(1, left, top, width, height)  # 1: a rectangle
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.color.rgb = GRID
        card.shadow.inherit = False
        frame = card.text_frame
        frame.margin_left = frame.margin_right = Inches(0.25)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _paragraphs(frame, [(label, 15, False, MUTED), (figure, 36, True, INK), (note, 13, False, MUTED)])
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    return slide


def money_note(currency):
    if currency.code == "USD":
        return "Money in US dollars."
    return (
        f"Revenue in US dollars; NPV, EBIT and cash flow in {currency.name}, "
        "converted at the scenario's exchange rates."
    )


def cash_flow_series(projection):
    """[(name, per-year amounts, colour)] as the page's cash-flow chart stacks them
    (scenario_figures.cash_flow_bars), then the free cash flow, in the reporting currency."""
    value = projection.value
    return [*cash_flow_bars(value), ("Free cash flow", list(value.in_currency(value.total.fcf)), FCF_COLOUR)]


def _value_text(cell):
    """An Inputs-sheet cell as a slide shows it: the number in its own format, text as it is."""
    if not isinstance(cell, Formatted):
        return str(cell)
    value, number_format = cell.value, cell.number_format
    if number_format == "0":  # a year
        return str(value)
    if number_format == "#,##0":
        return whole(value)
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return MINUS + text[1:] if text.startswith("-") else text


_DEFAULTS = {declared.label: declared for declared in model_inputs.SCENARIO if declared.default_basis}


def _source_text(row, currency):
    """The row's source as the Inputs sheet cites it; an input no source stands
    behind is marked an assumption (with the declared reason for a default)."""
    label, value, _, source = row
    if source:
        return source
    if label == "Reporting currency":
        return "" if currency.code == "USD" else f"rates: {currency.basis}"
    if not isinstance(value, Formatted):
        return ""
    declared = _DEFAULTS.get(label)
    if declared and float(value.value) == declared.default:
        return f"assumption: {declared.default_basis}"
    if declared:
        return "assumption (changed from the default)"
    return "assumption"


def assumption_rows(table, currency):
    """rows.inputs_table as slide cells: input, value, unit, source."""
    return [
        [
            Cell(row[0]),
            # Numbers line up on the right; a name reads from the left.
            Cell(
                _value_text(row[1]), align=PP_ALIGN.RIGHT if isinstance(row[1], Formatted) else PP_ALIGN.LEFT
            ),
            Cell(row[2]),
            Cell(_source_text(row, currency)),
        ]
        for row in table.rows
    ]


ASSUMPTION_COLUMNS = (
    Column("Input", 3.4),
    Column("Value", 2.3),
    Column("Unit", 1.5),
    Column("Source or basis", 5.13),
)


def _value_table_slide(deck, projection, footer):
    table = value_table(projection)
    code = projection.value.currency.code
    keys = (
        "year",
        "revenue",
        "ebit",
        "tax",
        "working_capital_change",
        "upfront_cost",
        "fcf",
        "present_value",
    )
    indexes = [next(i for i, c in enumerate(table.columns) if c.key == key) for key in keys]
    columns = [Column(table.columns[indexes[0]].title, 0.9)] + [
        Column(table.columns[i].title, 1.6, PP_ALIGN.RIGHT) for i in indexes[1:]
    ]
    rows = [
        [Cell(str(row[indexes[0]]))]
        + [Cell(format_money(row[i], code), align=PP_ALIGN.RIGHT) for i in indexes[1:]]
        for row in table.rows
    ]
    _table_slides(
        deck,
        f"Value per year, {projection.value.currency.name}",
        columns,
        rows,
        footer=footer,
        size=11,
        intro="Free cash flow = EBIT − tax − working capital − up-front cost. NPV: the sum of the present "
        "values, with no terminal value.",
    )


def scenario_deck(scenario, lines, projection, *, on):
    """The deck of a stored scenario: its lines (selectors.lines_of) and
    projection (selectors.project); on: the date it is made. Bytes of a .pptx."""
    value = projection.value
    deck = _deck(scenario.name)
    footer = f"{_text(scenario.name, 60)} · {on.isoformat()} · {money_note(value.currency)}"
    _title_slide(
        deck,
        scenario.name,
        [
            (f"{scenario.customer.name} ← {scenario.supplier_group.name}", 24, True, INK),
            (describe(projection.scenario), 18, False, INK),
            *([(_text(scenario.description, 300), 14, False, MUTED)] if scenario.description else []),
            (f"{on.day} {on:%B %Y}", 14, False, MUTED),
        ],
    )
    _kpi_slide(deck, projection, footer)

    years = _years(projection.years)
    series = list(projection.component_series().items())
    slide = _slide(deck, "Revenue by component, per year", footer)
    _chart(
        slide,
        XL_CHART_TYPE.COLUMN_STACKED,
        years,
        series,
        number_format=money_format(projection.revenue_by_year),
    ).plots[0].gap_width = 60

    slide = _slide(deck, "Vehicles per year", footer)
    chart = _chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        years,
        [("Vehicles", projection.volumes)],
        number_format="#,##0",
        colours=["#566573"],
        legend=False,
    )
    chart.plots[0].gap_width = 60

    flows = cash_flow_series(projection)
    slide = _slide(deck, f"Cash flow, {value.currency.name}", footer)
    _chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        years,
        [(name, amounts) for name, amounts, _ in flows],
        number_format=money_format([v for _, amounts, _ in flows for v in amounts], value.currency.code),
        colours=[colour for _, _, colour in flows],
    ).plots[0].gap_width = 80

    _value_table_slide(deck, projection, footer)
    _table_slides(
        deck,
        "Assumptions",
        ASSUMPTION_COLUMNS,
        assumption_rows(inputs_table(scenario, lines), value.currency),
        footer=footer,
        size=10,
    )
    return _saved(deck)


def _saved(deck):
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# --- a comparison ----------------------------------------------------------------------


def _item_columns(items, first_width):
    room = (WIDTH - 2 * MARGIN) / 914400 - first_width
    width = min(2.4, room / len(items))
    return [Column(_text(item.label, 36), width, PP_ALIGN.RIGHT) for item in items]


def _difference_rows(rows):
    """Compare-page rows (modelling.compare.Row) as cells: each value, and its
    difference from the reference below it where it differs."""
    result = []
    for row in rows:
        cells = [Cell(row.label)]
        for cell in row.cells:
            text = by_kind(cell.value, row.kind)
            if cell.differs and cell.difference is not None:
                text = f"{text}\n{difference_by_kind(cell, row.kind)}"
            cells.append(Cell(str(text), bold=cell.differs, align=PP_ALIGN.RIGHT))
        result.append(cells)
    return result


def _bridge_slides(deck, section, footer):
    if section.error:
        slide = _slide(deck, "Bridge", footer)
        _text_box(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1), [(section.error, 18, False, INK)])
        return
    for pair in section.pairs:
        found = pair.bridge
        slide = _slide(deck, f"Bridge: {found.title}", footer)
        caption = f"From {_text(pair.reference, 60)} to {_text(pair.other, 60)}, {pair.currency_name}."
        _text_box(
            slide,
            MARGIN,
            BODY_TOP,
            WIDTH - 2 * MARGIN,
            Inches(0.6),
            [(f"{caption} {found.note}".strip(), 12, False, MUTED)],
        )
        top = BODY_TOP + Inches(0.75)
        # Short enough to leave the bars their room; the table beside gives each label whole.
        labels = [_text(row.label, 32) for row in pair.rows]
        totals = [row.amount if row.kind != "step" else None for row in pair.rows]
        steps = [row.amount if row.kind == "step" else None for row in pair.rows]
        box = (MARGIN, top, Inches(8.0), BODY_HEIGHT - Inches(0.85))
        chart = _chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            labels,
            [(found.title, totals), ("Change", steps)],
            number_format=money_format([row.amount for row in pair.rows], found.currency),
            colours=["#566573", "#17a589"],
            box=box,
            size=11,
            legend=False,  # the table beside it names every bar
        )
        plot = chart.plots[0]
        plot.overlap = 100  # one bar per row: a row is either a total or a step
        plot.gap_width = 40
        chart.category_axis.reverse_order = True  # the reference first, at the top
        chart.value_axis.tick_labels.font.size = Pt(10)  # across the top: room for more of them
        change = plot.series[1]
        for index, amount in enumerate(steps):
            if amount is not None:
                fill = change.points[index].format.fill
                fill.solid()
                fill.fore_color.rgb = UP if amount >= 0 else DOWN
        columns = [Column("Step", 2.8), Column("Amount", 1.38, PP_ALIGN.RIGHT)]
        rows = [
            [
                Cell(_text(row.label, 80), bold=row.kind != "step"),
                Cell(
                    ("+" if row.kind == "step" and row.amount > 0 else "")
                    + format_money(row.amount, found.currency),
                    bold=row.kind != "step",
                    align=PP_ALIGN.RIGHT,
                ),
            ]
            for row in pair.rows
        ]
        pages, header = _pages(rows, columns, 11, BODY_HEIGHT - Inches(0.85))
        _table(slide, MARGIN + Inches(8.15), top, columns, pages[0], 11, header)


SOURCE_COLUMNS = (Column("Input", 3.4), Column("Source or basis", 7.13), Column("Cited by", 1.8))


def source_rows(sources):
    """sources: [(item label, rows.inputs_table of the item's scenario)]; each
    input's source once, with the items that cite it."""
    cited = {}
    for label, table in sources:
        for row in table.rows:
            if row[3]:
                cited.setdefault((row[0], row[3]), []).append(label)
    every = len(sources)
    return [
        [
            Cell(name),
            Cell(source),
            Cell("all" if len(labels) == every else "; ".join(_text(label, 40) for label in labels)),
        ]
        for (name, source), labels in cited.items()
    ]


def comparison_deck(items, section, sources, *, on):
    """The deck of a comparison: items (modelling.compare.Item, the first the
    reference), the bridge section (modelling.bridge_section.section) and the
    sources of the live scenarios compared ([(label, rows.inputs_table)]).
    Money in US dollars, as on the compare page."""
    deck = _deck("Scenario comparison")
    footer = (
        f"Comparison of {len(items)} · {on.isoformat()} · Money in US dollars; "
        "a bridge between two that report in the same other currency is in that currency."
    )
    _title_slide(
        deck,
        "Scenario comparison",
        [
            (f"Reference: {_text(items[0].label, 80)}", 22, True, INK),
            *((f"Against: {_text(item.label, 85)}", 16, False, INK) for item in items[1:]),
            (f"{on.day} {on:%B %Y}", 14, False, MUTED),
        ],
    )
    columns = [Column("Result", 3.2), *_item_columns(items, 3.2)]
    rows = _difference_rows(compare.output_rows(items))
    _table_slides(deck, "Key figures", columns, rows, footer=footer, size=13 if len(items) <= 3 else 11)

    years = sorted({year for item in items for year in item.projection.years})
    revenue = [
        (
            item.label,
            [
                dict(zip(item.projection.years, item.projection.revenue_by_year, strict=True)).get(y)
                for y in years
            ],
        )
        for item in items
    ]
    slide = _slide(deck, "Revenue per year", footer)
    _chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        _years(years),
        revenue,
        number_format=money_format([v for _, values in revenue for v in values]),
    )
    volume = [
        (
            item.label,
            [dict(zip(item.projection.years, item.projection.volumes, strict=True)).get(y) for y in years],
        )
        for item in items
    ]
    slide = _slide(deck, "Vehicles per year", footer)
    _chart(slide, XL_CHART_TYPE.LINE_MARKERS, _years(years), volume, number_format="#,##0")

    components = compare.component_totals(items)
    slide = _slide(deck, "Cumulative revenue by component", footer)
    chart = _chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        [name for name, _ in components],
        [(item.label, [totals[i] for _, totals in components]) for i, item in enumerate(items)],
        number_format=money_format([v for _, totals in components for v in totals]),
    )
    chart.category_axis.reverse_order = True
    chart.plots[0].gap_width = 50

    _bridge_slides(deck, section, footer)

    columns = [Column("Input", 3.2), *_item_columns(items, 3.2)]
    _table_slides(
        deck,
        "Assumptions compared",
        columns,
        _difference_rows(compare.input_rows(items)),
        footer=footer,
        size=10,
        intro="Bold: differs from the reference, with the difference below it.",
    )
    if sources:
        _table_slides(
            deck,
            "Sources",
            SOURCE_COLUMNS,
            source_rows(sources),
            footer=footer,
            size=10,
            intro="Where each input's default comes from, for the scenarios compared as they are now "
            "(a saved version's inputs are in the table before).",
        )
    return _saved(deck)
