package io.sokoni.platform.catalog;

/**
 * One problem of an imported row: the row (CSV: spreadsheet row, the header being row 1; JSON: position
 * of the product in the array, from 1), the product's slug, the field (CSV: column) and what is wrong.
 * Row and field are null for a problem of the whole import.
 */
public record ImportError(Integer row, String product, String field, String message) {
}
