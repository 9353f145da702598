using Spamd.Engine.Rules;

namespace Spamd.Engine.Tests.Rules;

public class PerlExpressionTests
{
    private static double Eval(string text, params (string Name, double Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return PerlExpression.Parse(text).Evaluate(n => map.GetValueOrDefault(n), (_, _) => 0);
    }

    [Theory]
    [InlineData("A && B", 0)]
    [InlineData("A || B", 2)]
    [InlineData("B || A", 2)]
    [InlineData("A && C", 3)]
    [InlineData("!A", 0)]
    [InlineData("!B", 1)]
    [InlineData("A + C", 5)]
    [InlineData("C - A * 2", -1)]
    [InlineData("C / A", 1.5)]
    [InlineData("A / B", 0)]
    [InlineData("(A + C) > 4", 1)]
    [InlineData("A + C >= 6", 0)]
    [InlineData("A == 2 && C != 2", 1)]
    [InlineData("A < C", 1)]
    [InlineData("A <= 1", 0)]
    [InlineData("-A + 3", 1)]
    [InlineData("A ? C : B", 3)]
    [InlineData("B ? C : 7", 7)]
    [InlineData("A ^ C", 1)]
    [InlineData("!A || C && !B", 1)]
    [InlineData("()", 0)]
    [InlineData("(A > 1) + (C > 1) + (B > 1) >= 2", 1)]
    public void Perl_precedence_and_values(string text, double expected) =>
        Assert.Equal(expected, Eval(text, ("A", 2), ("B", 0), ("C", 3)));

    [Fact]
    public void Names_lists_dependencies()
    {
        Assert.Equal(["__A", "B_2", "__A"], PerlExpression.Parse("__A && (B_2 || !__A) > 1").Names().ToArray());
    }

    [Fact]
    public void Compiled_form_reads_values_by_index()
    {
        var compiled = PerlExpression.Parse("X + Y > 1 && !Z").Compile(n => n switch { "X" => 0, "Y" => 1, _ => -1 });
        Assert.Equal(1, compiled([1, 1]));
        Assert.Equal(0, compiled([1, 0]));
    }

    [Theory]
    [InlineData("A &&")]
    [InlineData("(A")]
    [InlineData("A B")]
    public void Syntax_errors_throw(string text) =>
        Assert.Throws<FormatException>(() => PerlExpression.Parse(text));

    [Fact]
    public void Calls_take_a_class_name()
    {
        double result = PerlExpression.Parse("plugin(Mail::SpamAssassin::Plugin::X) && !can(Foo::bar)")
            .Evaluate(_ => 0, (f, a) => f == "plugin" && a == "Mail::SpamAssassin::Plugin::X" ? 1 : 0);
        Assert.Equal(1, result);
    }
}
