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
        var owners = new Dictionary<object, Type>(ReferenceEqualityComparer.Instance);
        var primitiveArraysByOwner = new Dictionary<Type, long>();
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
                if (!element.IsPointer && (!element.IsValueType || HasReferences(element)))
                    foreach (var item in array)
                    {
                        if (item is null) continue;
                        if (element.IsValueType) VisitStruct(item, seen, pending);
                        else if (seen.Add(item)) pending.Push(item);
                    }
            }
            else
            {
                for (var t = type; t is not null; t = t.BaseType)
                    foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                    {
                        size += field.FieldType.IsValueType ? ElementSize(field.FieldType) : 8;
                        if (Follow(field, current, seen, pending) is Array { Rank: 1 } held && held.GetType().GetElementType()!.IsPrimitive)
                            owners.TryAdd(held, type);
                    }
            }
            if (current is Array { Rank: 1 } primitive && type.GetElementType()!.IsPrimitive)
            {
                var owner = owners.GetValueOrDefault(current) ?? typeof(void);
                primitiveArraysByOwner[owner] = primitiveArraysByOwner.GetValueOrDefault(owner) + size;
            }
            var (b, c) = bytes.GetValueOrDefault(type);
            bytes[type] = (b + size, c + 1);
        }
        long total = bytes.Values.Sum(v => v.Bytes);
        Console.WriteLine("  arrays of primitives by the type that holds them:");
        foreach (var (owner, b) in primitiveArraysByOwner.OrderByDescending(kv => kv.Value).Take(8))
            Console.WriteLine($"  {b / 1048576.0,8:F1} MiB  in {owner}");
        Console.WriteLine($"  census: {seen.Count:N0} objects, ~{total / 1048576.0:F0} MiB");
        foreach (var (type, (b, c)) in bytes.OrderByDescending(kv => kv.Value.Bytes).Take(top))
            Console.WriteLine($"  {b / 1048576.0,8:F1} MiB {c,10:N0}  {type}");
    }

    private static readonly Dictionary<Type, bool> ReferenceHolders = new();

    /// <summary>Whether a value type holds references (dictionary entries, tuples), which must be followed too.</summary>
    private static bool HasReferences(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer) return false;
        if (ReferenceHolders.TryGetValue(type, out bool known)) return known;
        ReferenceHolders[type] = false; // cycles through generic structs
        bool holds = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Any(f => !f.FieldType.IsValueType ? !f.FieldType.IsPointer : HasReferences(f.FieldType));
        ReferenceHolders[type] = holds;
        return holds;
    }

    private static void VisitStruct(object boxed, HashSet<object> seen, Stack<object> pending)
    {
        foreach (var field in boxed.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            Follow(field, boxed, seen, pending);
    }

    /// <summary>Queues what a field refers to (the object, or the references inside a struct value); returns the object.</summary>
    private static object? Follow(FieldInfo field, object holder, HashSet<object> seen, Stack<object> pending)
    {
        if (field.FieldType.IsPointer || (field.FieldType.IsValueType && !HasReferences(field.FieldType))) return null;
        object? value;
        try { value = field.GetValue(holder); } catch { return null; }
        if (value is null) return null;
        if (field.FieldType.IsValueType) VisitStruct(value, seen, pending);
        else if (seen.Add(value)) pending.Push(value);
        return field.FieldType.IsValueType ? null : value;
    }

    private static long ElementSize(Type type)
    {
        if (type.IsEnum) type = Enum.GetUnderlyingType(type);
        if (type.IsPrimitive) return type == typeof(bool) || type == typeof(byte) || type == typeof(sbyte) ? 1 : type == typeof(char) || type == typeof(short) || type == typeof(ushort) ? 2 : type == typeof(int) || type == typeof(uint) || type == typeof(float) ? 4 : 8;
        try { return (long)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!; }
        catch { return 16; }
    }
}
