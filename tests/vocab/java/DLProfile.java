// The OWL API's OWL 2 DL profile check (the OWL API that owlready2's HermiT.jar bundles, as
// Protege uses it) on one ontology document. Prints "in profile: true|false; violations: N"
// and the first violations. Compiled and run by tests/vocab/test_owl2_dl.py.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class DLProfile {
  public static void main(String[] args) throws Exception {
    OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
    OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
    OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
    System.out.println("in profile: " + report.isInProfile() + "; violations: " + report.getViolations().size());
    int shown = 0;
    for (OWLProfileViolation violation : report.getViolations()) {
      if (shown++ == 20) break;
      System.out.println(violation);
    }
  }
}
