// The engine monitor's figures as table rows: one row per model version, rates as percentages.

/** A rate (0..1, or null when nothing was counted) as a percentage with one decimal, '—' for none. */
export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/**
 * Rows for GET /api/v1/model-quality: what a detector's checks found (objects) and what a recogniser's checks
 * found (readings), side by side; a part no check scored shows '—'.
 */
export function qualityRows(reports) {
  return reports.flatMap((report) =>
    report.versions.map((v) => ({
      model: report.model,
      version: v.version,
      objectChecks: v.objects?.checks ?? 0,
      precision: percent(v.objects?.precision),
      recall: percent(v.objects?.recall),
      missed: v.objects ? String(v.objects.falseNegatives) : '—',
      readingChecks: v.readings?.checks ?? 0,
      accuracy: percent(v.readings?.accuracy),
      characterErrorRate: percent(v.readings?.characterErrorRate),
    })),
  );
}
