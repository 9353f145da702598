using System.Reflection;
using System.Runtime.CompilerServices;

namespace Spamd.Benchmarks.Hosting;

/// <summary>
/// A rough heap census by reflection: every object reachable from a root, its size estimated (arrays and strings
/// by length, other objects by field count), summed by type. Enough to tell which structure grows; not exact.
/// </summary>
public static class ObjectGraphCensus
{
    public static void Print(object root, int top = 25)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var bytes = new Dictionary<Type, (long Bytes, long Count)>();
        var pending = new Stack<object>();
        pending.Push(root);
        seen.Add(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            var type = current.GetType();
            long size = 24;
            if (current is string s) size += 2L * s.Length;
            else if (current is Array array)
            {
                var element = type.GetElementType()!;
                size += array.LongLength * (element.IsValueType ? ElementSize(element) : 8);
                if (!element.IsValueType && !element.IsPointer)
                    foreach (var item in array)
                        if (item is not null && seen.Add(item)) pending.Push(item);
            }
            else
            {
                for (var t = type; t is not null; t = t.BaseType)
                    foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                    {
                        size += field.FieldType.IsValueType ? ElementSize(field.FieldType) : 8;
                        if (field.FieldType.IsValueType || field.FieldType.IsPointer) continue;
                        object? value;
                        try { value = field.GetValue(current); } catch { continue; }
                        if (value is not null && seen.Add(value)) pending.Push(value);
                    }
            }
            var (b, c) = bytes.GetValueOrDefault(type);
            bytes[type] = (b + size, c + 1);
        }
        long total = bytes.Values.Sum(v => v.Bytes);
        Console.WriteLine($"  census: {seen.Count:N0} objects, ~{total / 1048576.0:F0} MiB");
        foreach (var (type, (b, c)) in bytes.OrderByDescending(kv => kv.Value.Bytes).Take(top))
            Console.WriteLine($"  {b / 1048576.0,8:F1} MiB {c,10:N0}  {type}");
    }

    private static long ElementSize(Type type)
    {
        if (type.IsEnum) type = Enum.GetUnderlyingType(type);
        if (type.IsPrimitive) return type == typeof(bool) || type == typeof(byte) || type == typeof(sbyte) ? 1 : type == typeof(char) || type == typeof(short) || type == typeof(ushort) ? 2 : type == typeof(int) || type == typeof(uint) || type == typeof(float) ? 4 : 8;
        try { return (long)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!; }
        catch { return 16; }
    }
}
