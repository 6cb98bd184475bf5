using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CarrierLink.Web.Pages;

/// <summary>
/// An id in a link or a form that is not an id at all (<c>/ship?account=not-a-guid</c>, a tampered choice) names nothing, so
/// the page answers "not found", exactly as for an id that is not the merchant's (issue 13, finding 8). Without this, model
/// binding leaves the parameter empty and a page that reads "no id" as "the first account" silently acts on another one.
/// </summary>
public sealed class UnreadableIds : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        foreach (var parameter in context.HandlerMethod?.Parameters ?? [])
        {
            if ((Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) != typeof(Guid)) continue;
            var name = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            if (context.ModelState.GetFieldValidationState(name) != ModelValidationState.Invalid) continue;
            context.Result = new NotFoundResult();
            return;
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
