namespace CarrierLink.Carriers; public static class Placeholder { }
