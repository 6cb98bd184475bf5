namespace CarrierLink.Tests; public class Placeholder { [Xunit.Fact] public void Runs() { } }
