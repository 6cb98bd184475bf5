namespace CarrierLink.Bench.Figures;

public static class Stats
{
    /// <summary>The middle value (the mean of the two middle ones for an even count), as the "median of 851" means it.</summary>
    public static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>The nearest-rank percentile (p in 0..100): the smallest value with at least p% of the values at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"851" or "850.5": whole numbers without decimals.</summary>
    public static string Format(double value) => value % 1 == 0 ? value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
