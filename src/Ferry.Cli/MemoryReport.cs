using System.Globalization;

namespace Ferry.Cli;

/// <summary>
/// FERRY_DEBUG_MEMORY=1: where the process's memory and start-up went, for benchmarks and profiling (no effect
/// otherwise): the kernel's and the GC's figures, the assemblies loaded and what the JIT compiled (nothing in
/// the Native AOT build; in the others, what precompiled code did not cover).
/// </summary>
internal static class MemoryReport
{
    public static void Write(TextWriter error)
    {
        if (File.Exists("/proc/self/status"))
        {
            var lines = File.ReadAllLines("/proc/self/status").Where(l => l.StartsWith("Vm", StringComparison.Ordinal) || l.StartsWith("Rss", StringComparison.Ordinal));
            error.WriteLine("proc: " + string.Join(", ", lines.Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))));
        }

        var info = GC.GetGCMemoryInfo();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc: {string.Join(", ", GC.GetConfigurationVariables().Select(kv => $"{kv.Key}={kv.Value}"))}\nmemory: peak RSS {process.PeakWorkingSet64 >> 20} MiB, RSS {process.WorkingSet64 >> 20} MiB, managed heap {info.HeapSizeBytes >> 20} MiB (peak-ish committed {info.TotalCommittedBytes >> 20} MiB), allocated {GC.GetTotalAllocatedBytes() >> 20} MiB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal).ToList();
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jit: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompiledILBytes()} IL bytes, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms\nassemblies ({assemblies.Count}): {string.Join(", ", assemblies)}"));
    }
}
