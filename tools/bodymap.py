"""Draws the default theme's body map, themes/default/static/bodymap.svg (MIT, like Spotter).

    python3 tools/bodymap.py themes/default/static/bodymap.svg

A front and a back figure: each muscle is a closed smooth curve (Catmull-Rom, as cubic Beziers)
through a few points given for one side of the body and mirrored for the other. The regions are
those of src/model/bodymap.rs (REGIONS, and HIDDEN for those drawn only when lit); the catalogue's
unit tests check that the drawing has each. Edit the points below and run it again."""
import sys

def smooth(pts, t=1.0):
    n = len(pts)
    f = lambda v: ('%.1f' % v).rstrip('0').rstrip('.')
    d = 'M%s %s' % (f(pts[0][0]), f(pts[0][1]))
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6 * t, p1[1] + (p2[1] - p0[1]) / 6 * t)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6 * t, p2[1] - (p3[1] - p1[1]) / 6 * t)
        d += 'C%s %s %s %s %s %s' % (f(c1[0]), f(c1[1]), f(c2[0]), f(c2[1]), f(p2[0]), f(p2[1]))
    return d + 'Z'

def line(pts):
    f = lambda v: ('%.1f' % v).rstrip('0').rstrip('.')
    return 'M' + ' '.join('%s %s' % (f(x), f(y)) for x, y in pts)

def curve(pts):
    # an open smooth curve through pts
    f = lambda v: ('%.1f' % v).rstrip('0').rstrip('.')
    n = len(pts)
    d = 'M%s %s' % (f(pts[0][0]), f(pts[0][1]))
    for i in range(n - 1):
        p0 = pts[i - 1] if i > 0 else pts[i]
        p1, p2 = pts[i], pts[i + 1]
        p3 = pts[i + 2] if i + 2 < n else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d += 'C%s %s %s %s %s %s' % (f(c1[0]), f(c1[1]), f(c2[0]), f(c2[1]), f(p2[0]), f(p2[1]))
    return d

FRONT, BACK = 0, 200
def both(pts, view):
    """The shape on the figure's two sides of a view: as given (left of the centre line)
    and mirrored."""
    left = [(x + view, y) for x, y in pts]
    right = [(200 - x + view, y) for x, y in pts]
    return [left, right[::-1]]

# Coordinates are for a figure centred on x = 100, 420 high; the back view is shifted by 200.
BODY = {
  'torso': [(100,46),(92,48),(90,60),(84,68),(70,73),(58,78),(50,88),(48,100),(52,112),(60,116),(63,130),(65,148),(67,164),(65,178),(61,192),(64,204),(76,210),(92,214),(100,216)],
  'thigh': [(62,188),(59,208),(61,236),(65,264),(71,290),(80,302),(91,300),(95,282),(97,252),(98,226),(98,212),(86,206),(74,198)],
  'shin': [(71,292),(68,312),(69,336),(73,360),(76,378),(85,380),(89,362),(91,336),(92,312),(91,296),(82,302)],
  'foot': [(75,374),(70,388),(74,395),(89,395),(91,386),(87,374)],
  'upper_arm': [(58,86),(50,94),(46,110),(44,130),(44,148),(47,157),(57,158),(62,148),(64,128),(64,112),(62,96)],
  'forearm': [(46,150),(41,166),(37,186),(36,204),(42,209),(48,205),(53,187),(58,168),(60,154)],
  'hand': [(36,203),(32,214),(33,226),(38,233),(45,229),(47,217),(47,206)],
}
HEAD = (100, 28, 16, 21)

# region -> list of (view, points, detail lines as lists of point lists)
R = {}
def add(region, view, pts, details=()):
    R.setdefault(region, []).append((view, pts, list(details)))

# --- front --------------------------------------------------------------------------------
add('neck', FRONT, [(89,49),(92.5,50),(97,65),(99,75),(95,77),(92,70),(89.5,59)])
add('upper-trapezius', FRONT, [(91,54),(92,64),(89,70),(78,74),(64,76),(72,70),(84,63)])
add('anterior-deltoid', FRONT, [(70,77),(63,79),(58,86),(56,96),(58,107),(61,113),(65,104),(68,95),(70,86)])
add('lateral-deltoid', FRONT, [(62,76),(54,80),(49,89),(48,100),(51,110),(55,114),(56,104),(55,94),(58,85)])
add('upper-chest', FRONT, [(99,79),(99,95),(88,96),(77,99),(68,103),(67,94),(71,85),(80,80),(90,79)])
add('pectoralis-major', FRONT, [(99,98),(99,118),(92,124),(82,125),(73,120),(68,112),(68,105),(77,101),(88,98)],
    [[(74,104),(86,110),(97,112)]])
add('pectoralis-minor', FRONT, [(76,86),(82,93),(86,104),(85,114),(79,113),(74,104),(71,93)])
add('serratus-anterior', FRONT, [(67,118),(75,121),(69,125),(76,129),(70,133),(76,137),(69,142),(66,131)])
add('biceps', FRONT, [(63,116),(58,114),(53,120),(50.5,132),(50.5,144),(53,152),(57,154),(61,146),(63.5,132)],
    [[(57,120),(56.5,136),(56,150)]])
add('brachialis', FRONT, [(49.5,128),(46.5,138),(46.5,148),(49.5,155),(52,154),(51,145),(50.5,136)])
add('forearm-flexors', FRONT, [(59,157),(52,158),(46,164),(42,176),(40,190),(40.5,201),(46,203),(49,192),(53,178),(58,166)],
    [[(48,162),(45,180),(43,198)]])
add('abdominals', FRONT, [(99,125),(99,160),(87,160),(85,146),(85.5,132),(88,127),(94,125)],
    [[(86,137),(99,136)],[(85.5,148),(99,147.5)]])
add('lower-abs', FRONT, [(99,162),(99,198),(94,197),(89,189),(86.5,177),(86.5,163)],
    [[(87,172),(99,171)]])
add('obliques', FRONT, [(84,132),(84.5,184),(78,181),(71,173),(68,161),(68,149),(71,143),(77,138)],
    [[(71,150),(80,160)],[(70,160),(80,172)]])
add('hip-flexors', FRONT, [(83,192),(88,197),(92,205),(93.5,213),(90.5,218),(86.5,211),(82.5,200)])
add('hip-abductors', FRONT, [(65,188),(72,194),(74,206),(72,222),(67,233),(62.5,220),(62,204)])
add('quadriceps', FRONT, [(75,202),(80,206),(84,216),(87,232),(90,250),(92,268),(90,284),(83,292),(75,289),(70,276),(67,256),(67,240),(70,226),(74,212)],
    [[(79,212),(80,240),(82,270),(83,288)],[(90,262),(86,274),(85,288)]])
add('hip-adductors', FRONT, [(96,214),(98,228),(97,246),(93,262),(89.5,248),(87.5,232),(90,220)])
add('tibialis-anterior', FRONT, [(81,303),(78.5,318),(78.5,340),(80.5,362),(83,363),(84.5,340),(85.5,318),(85.5,304)])
add('peroneals', FRONT, [(75,305),(71.5,320),(72.5,342),(76.5,360),(78.5,357),(77,338),(76.5,320),(78.5,305)])
add('gastrocnemius', FRONT, [(88,302),(91,312),(91.5,328),(89.5,342),(87.5,340),(87,322),(86.5,306)])
add('soleus', FRONT, [(88.5,345),(89.5,354),(88.5,366),(86.5,367),(86.5,355),(87,347)])

# --- back ---------------------------------------------------------------------------------
add('neck', BACK, [(93,46),(92,56),(95,60),(100,61),(100,46)])
add('levator-scapulae', BACK, [(92,50),(90,58),(84,67),(79,72),(84,73),(90,65),(95,56)])
add('upper-trapezius', BACK, [(92,58),(89,66),(80,71),(66,76),(74,80),(86,81),(94,84),(100,88),(100,62),(96,61)])
add('middle-trapezius', BACK, [(100,89),(93,85),(82,82),(70,80),(66,84),(77,89),(89,96),(100,104)])
add('lower-trapezius', BACK, [(100,105),(90,98),(87,102),(91,118),(96,134),(100,150)])
add('supraspinatus', BACK, [(86,83),(76,81),(68,82),(70,86),(80,87)])
add('infraspinatus', BACK, [(85,99),(77,92),(68,93),(64,100),(66,109),(72,114),(80,111),(86,105)],
    [[(70,100),(82,103)]])
add('teres-minor', BACK, [(66,110),(62,107),(59.5,112),(63,117),(70,119),(72,115)])
add('teres-major', BACK, [(72,117),(64,119),(60,122),(62.5,128),(70,128),(78,123)])
add('rhomboids', BACK, [(87,104),(84,110),(86,120),(91,130),(95.5,133),(93.5,123),(90,112)],
    [[(86,111),(93,124)]])
add('latissimus-dorsi', BACK, [(61,122),(68,129),(79,128),(88,132),(92,139),(90,150),(88.5,166),(92,182),(84,184),(73,177),(65,163),(61,147),(60,133)],
    [[(66,138),(76,150),(86,158)]])
add('erector-spinae', BACK, [(100,151),(96.5,144),(92.5,150),(90.5,166),(91.5,182),(94,197),(100,203)],
    [[(96,152),(96,196)]])
add('quadratus-lumborum', BACK, [(90,170),(84,172),(82,184),(86,192),(91,190),(91,178)])
add('obliques', BACK, [(65,166),(72,178),(82,185),(85,191),(74,190),(66,183),(63.5,173)])
add('posterior-deltoid', BACK, [(70,77),(63,79),(58,86),(56,96),(58,107),(61,113),(65,104),(68,95),(70,86)])
add('lateral-deltoid', BACK, [(62,76),(54,80),(49,89),(48,100),(51,110),(55,114),(56,104),(55,94),(58,85)])
add('triceps', BACK, [(63,116),(56,114),(51,121),(48,134),(48,146),(51.5,154),(58,155),(62,145),(64,130)],
    [[(56,118),(55,134),(58,146)],[(51,146),(58,146)]])
add('forearm-extensors', BACK, [(59,157),(52,158),(46,164),(42,176),(40,190),(40.5,201),(46,203),(49,192),(53,178),(58,166)],
    [[(50,162),(46,182),(43,198)]])
add('gluteus-medius', BACK, [(66,186),(74,183),(84,187),(90,194),(84,198),(74,200),(66,198),(63.5,191)])
add('gluteus-maximus', BACK, [(90,197),(98.5,201),(99,214),(98,228),(88,235),(76,233),(68,225),(65.5,212),(68,202),(78,201)])
add('hip-rotators', BACK, [(97,206),(86,204),(74,207),(74,212),(86,212),(97,213)])
add('hip-abductors', BACK, [(63,201),(66.5,214),(67,228),(63,232),(60.5,218),(60.5,206)])
add('hamstrings', BACK, [(68,235),(80,237),(92,239),(93,256),(91,276),(87,292),(79,293),(72,283),(68,265),(66,249)],
    [[(81,240),(80,264),(80,290)]])
add('hip-adductors', BACK, [(96,233),(98,247),(97,262),(94.5,266),(94.5,248),(94.5,237)])
add('gastrocnemius', BACK, [(80,300),(74,306),(71,320),(73,336),(78,344),(83,334),(84,316),(84,304)])
add('gastrocnemius', BACK, [(86.5,302),(86.5,318),(87,334),(91,346),(95,338),(95,320),(92,306)])
add('soleus', BACK, [(72,338),(72,352),(76,366),(80,360),(78,347)])
add('soleus', BACK, [(94.5,341),(95,352),(92,366),(89,360),(92,349)])

HIDDEN = {'levator-scapulae','supraspinatus','pectoralis-minor','quadratus-lumborum','hip-rotators'}
ORDER = ["neck","levator-scapulae","upper-trapezius","middle-trapezius","lower-trapezius","anterior-deltoid","lateral-deltoid","posterior-deltoid","supraspinatus","infraspinatus","teres-minor","teres-major","rhomboids","latissimus-dorsi","upper-chest","pectoralis-major","pectoralis-minor","serratus-anterior","biceps","brachialis","triceps","forearm-flexors","forearm-extensors","abdominals","lower-abs","obliques","erector-spinae","quadratus-lumborum","gluteus-maximus","gluteus-medius","hip-rotators","hip-flexors","hip-abductors","hip-adductors","quadriceps","hamstrings","gastrocnemius","soleus","tibialis-anterior","peroneals"]
assert set(ORDER) == set(R), set(ORDER) ^ set(R)

out = []
w = out.append
w('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 420">')
w('<!-- The body map of Spotter\'s default theme, front and back (MIT, like the rest of Spotter).')
w('     Pages draw the figure with <use href="bodymap.svg#figure"> and light a muscle with')
w('     <use href="bodymap.svg#r-REGION">: regions carry no fill or stroke of their own, so they take')
w('     the page\'s (style.css, .bodymap). The silhouette, the lines and the labels read the')
w('     custom properties bm-body, bm-line and bm-label set by the page. Regions with a dashed edge')
w('     lie under other muscles and are drawn only when lit. Made by tools/bodymap.py: edit the')
w('     points there. -->')
w('<defs>')
for region in ORDER:
    dash = ' stroke-dasharray="2.5 1.5"' if region in HIDDEN else ''
    w('<g id="r-%s"%s>' % (region, dash))
    for view, pts, details in R[region]:
        for side in both(pts, view):
            w('<path d="%s"/>' % smooth(side))
        for det in details:
            for side in both(det, view):
                w('<path fill="none" style="stroke:var(--bm-line,#8d979f)" stroke-width=".5" d="%s"/>' % curve(side))
    w('</g>')
w('</defs>')
w('<g id="figure">')
w('<g style="fill:var(--bm-body,#c7ced4);stroke:none">')
for view in (FRONT, BACK):
    w('<ellipse cx="%g" cy="%g" rx="%g" ry="%g"/>' % (HEAD[0] + view, HEAD[1], HEAD[2], HEAD[3]))
    for name, pts in BODY.items():
        if name == 'torso':
            left = [(x + view, y) for x, y in pts]
            right = [(200 - x + view, y) for x, y in pts[::-1]]
            w('<path d="%s"/>' % smooth(left[1:-1] + right[1:-1]))
        else:
            for side in both(pts, view):
                w('<path d="%s"/>' % smooth(side))
w('</g>')
for region in ORDER:
    if region not in HIDDEN:
        w('<use href="#r-%s"/>' % region)
w('<g style="fill:var(--bm-label,#5b6670);font:600 11px system-ui,sans-serif;letter-spacing:.08em" text-anchor="middle">')
w('<text x="100" y="414" stroke="none">FRONT</text><text x="300" y="414" stroke="none">BACK</text>')
w('</g>')
w('</g>')
w('</svg>')
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
