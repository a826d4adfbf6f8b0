using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Ferry.Benchmarks;

/// <summary>The bytes one call of the benchmark processes, for the MB/s column.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>MB/s (10^6 bytes per second) of one call on one thread: bytes per operation / median time (the median resists other work on the machine).</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => "MBps";

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 100;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Throughput on one core: bytes processed per operation / median time, in 10^6 bytes per second";

    public static long BytesOf(BenchmarkCase benchmark) =>
        benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()?.Bytes ?? 0;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        var bytes = BytesOf(benchmarkCase);
        return median is > 0 && bytes > 0 ? (bytes / median.Value * 1e3).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
