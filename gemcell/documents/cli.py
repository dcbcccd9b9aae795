"""``flask gemcell document …``: render a document from a JSON description (previews, tests, past orders)."""
import json
from pathlib import Path

import click
from flask.cli import AppGroup

document_cli = AppGroup('document', help='Official documents: render from JSON, verify a PDF.')


@document_cli.command('render')
@click.argument('kind')
@click.argument('data_file', type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument('out_file', type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option('--draft', is_flag=True, help='Mark every page as a draft.')
def render_command(kind, data_file, out_file, draft):
    """Render KIND (office-memo, letter, report) from DATA_FILE (JSON, see README) to OUT_FILE, without issuing
    it. The PDF embeds the data and its HTML as UTF-8 files."""
    from gemcell.documents.pdf import DocumentDataError, render
    try:
        data = json.loads(data_file.read_text(encoding='utf-8'))
    except json.JSONDecodeError as exc:
        raise click.ClickException(f'{data_file}: not valid JSON: {exc}') from None
    try:
        result = render(kind, data, draft=draft)
    except (DocumentDataError, KeyError, TypeError) as exc:
        raise click.ClickException(f'{data_file}: {exc}') from None
    out_file.write_bytes(result.pdf)
    click.echo(f'{out_file}: {result.pages} page(s), {len(result.pdf):,} bytes')


@document_cli.command('show-embedded')
@click.argument('pdf_file', type=click.Path(exists=True, dir_okay=False, path_type=Path))
def show_embedded(pdf_file):
    """Print the UTF-8 JSON copy embedded in a PDF made by gemcell."""
    from gemcell.documents.pdf import read_embedded
    data, _html = read_embedded(pdf_file.read_bytes())
    if data is None:
        raise click.ClickException(f'{pdf_file}: no embedded document.json')
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
