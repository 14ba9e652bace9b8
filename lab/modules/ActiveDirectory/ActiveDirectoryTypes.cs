// Types of the ActiveDirectory module that the lab's stand-in returns and binds, in the real namespace. The real
// classes hold a property bag filled from the directory; here the default property set is real properties and what
// -Properties adds is attached as note properties by the module. A string binds to -Identity through the
// constructor, as it does for the real types ("HV-EAST", "HV-EAST$", a distinguished name, a GUID or a SID).
using System;

namespace Microsoft.ActiveDirectory.Management
{
    public enum ADAuthType { Negotiate = 0, Basic = 1 }

    public class ADException : Exception
    {
        public ADException(string message) : base(message) { }
    }

    public class ADServerDownException : ADException
    {
        public ADServerDownException(string message) : base(message) { }
    }

    public class ADIdentityNotFoundException : ADException
    {
        public ADIdentityNotFoundException(string message) : base(message) { }
    }

    public class ADObject
    {
        public ADObject() { }
        public ADObject(string identity) { Identity = identity; }
        /// <summary>What the caller named, when the object was made from a string.</summary>
        public string Identity { get; set; }
        public string DistinguishedName { get; set; }
        public string Name { get; set; }
        public string ObjectClass { get; set; }
        public Guid? ObjectGUID { get; set; }
        public override string ToString() { return DistinguishedName ?? Identity ?? Name ?? ""; }
    }

    public class ADPrincipal : ADObject
    {
        public ADPrincipal() { }
        public ADPrincipal(string identity) : base(identity) { }
        public string SamAccountName { get; set; }
        public string SID { get; set; }
    }

    public class ADAccount : ADPrincipal
    {
        public ADAccount() { }
        public ADAccount(string identity) : base(identity) { }
        public bool Enabled { get; set; }
        public string UserPrincipalName { get; set; }
    }

    public class ADComputer : ADAccount
    {
        public ADComputer() { }
        public ADComputer(string identity) : base(identity) { }
        public string DNSHostName { get; set; }
    }
}
